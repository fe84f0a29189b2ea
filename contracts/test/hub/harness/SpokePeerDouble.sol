// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OApp, Origin, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {BatchMessage} from "../../../src/shared/libraries/BatchMessage.sol";

/// @dev Stands in for a spoke's SpokePool on its own endpoint: sends BATCH messages to the ledger
///      with given options and records the HALT messages it receives.
contract SpokePeerDouble is OApp {
    uint256 public haltedWith;
    uint256 public halts;

    constructor(address endpoint, address owner_) OApp(endpoint, owner_) Ownable(owner_) {}

    function quoteBatch(uint32 dstEid, BatchMessage.Batch memory batch, bytes memory options)
        external
        view
        returns (uint256)
    {
        return _quote(dstEid, BatchMessage.encodeBatch(batch), options, false).nativeFee;
    }

    function sendBatch(uint32 dstEid, BatchMessage.Batch memory batch, bytes memory options) external payable {
        _lzSend(dstEid, BatchMessage.encodeBatch(batch), options, MessagingFee(msg.value, 0), payable(msg.sender));
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        haltedWith = BatchMessage.decodeHalt(message);
        halts++;
    }
}

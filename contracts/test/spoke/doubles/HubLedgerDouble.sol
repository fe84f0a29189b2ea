// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OApp, Origin, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {BatchMessage} from "../../../src/shared/libraries/BatchMessage.sol";

/// @dev The hub BackingLedger's LayerZero face, reduced to what the spoke sees: it records each
///      BATCH it receives (decoded with the shared wire format) and sends whatever the test asks.
contract HubLedgerDouble is OApp {
    BatchMessage.Batch public lastBatch;
    uint32 public lastSrcEid;
    bytes32 public lastSender;
    uint256 public batchesReceived;

    constructor(address endpoint, address owner_) OApp(endpoint, owner_) Ownable(owner_) {}

    function quoteToSpoke(uint32 dstEid, bytes calldata message, bytes calldata options)
        external
        view
        returns (uint256)
    {
        return _quote(dstEid, message, options, false).nativeFee;
    }

    function sendToSpoke(uint32 dstEid, bytes calldata message, bytes calldata options) external payable {
        _lzSend(dstEid, message, options, MessagingFee(msg.value, 0), payable(msg.sender));
    }

    function _lzReceive(Origin calldata origin, bytes32, bytes calldata message, address, bytes calldata)
        internal
        override
    {
        require(BatchMessage.messageType(message) == BatchMessage.BATCH, "not a batch");
        lastBatch = BatchMessage.decodeBatch(message);
        lastSrcEid = origin.srcEid;
        lastSender = origin.sender;
        ++batchesReceived;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICrossDomainMessenger} from "../../../../src/shared/interfaces/external/ICrossDomainMessenger.sol";
import {IArbSys} from "../../../../src/shared/interfaces/external/IArbSys.sol";

/// @dev The L2 CrossDomainMessenger's sending side: records each message with the value it carried.
contract CrossDomainMessengerDouble is ICrossDomainMessenger {
    address public lastTarget;
    bytes public lastMessage;
    uint32 public lastMinGasLimit;
    uint256 public lastValue;
    address public lastCaller;

    function sendMessage(address target, bytes calldata message, uint32 minGasLimit) external payable {
        (lastTarget, lastMessage, lastMinGasLimit, lastValue, lastCaller) =
        (target, message, minGasLimit, msg.value, msg.sender);
    }

    function xDomainMessageSender() external pure returns (address) {
        revert("not relaying");
    }
}

/// @dev ArbSys's sendTxToL1 (etched at 0x64): records each call and numbers it like ArbSys does.
contract ArbSysDouble is IArbSys {
    address public lastDestination;
    bytes public lastData;
    uint256 public lastValue;
    address public lastCaller;
    uint256 public sent;

    function sendTxToL1(address destination, bytes calldata data) external payable returns (uint256) {
        (lastDestination, lastData, lastValue, lastCaller) = (destination, data, msg.value, msg.sender);
        return sent++;
    }
}
